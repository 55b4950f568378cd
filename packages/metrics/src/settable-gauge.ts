import type { Attributes, Meter, ObservableResult } from "@opentelemetry/api";

/** Identity of a label set whatever the key order of the object passed. */
function keyOf(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Entry {
  readonly attributes: Attributes;
  value: number;
}

/**
 * A gauge whose values are set by the application and read by an OTel observable callback at collection.
 * The callback is synchronous and reads each value once, so it cannot interleave with a `set`; label objects are
 * frozen copies. Series are never removed (OTel keeps exporting an unobserved async series anyway,
 * opentelemetry-js#4096), so use it for bounded label sets and set a series to 0 instead of deleting it.
 */
export class SettableGauge {
  readonly #entries = new Map<string, Entry>();

  constructor(meter: Meter, name: string, description: string, unit = "") {
    const gauge = meter.createObservableGauge(name, { description, unit });
    gauge.addCallback((result: ObservableResult) => {
      for (const entry of this.#entries.values()) result.observe(entry.value, entry.attributes);
    });
  }

  set(value: number, attributes: Attributes = {}): void {
    const key = keyOf(attributes);
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      return;
    }
    this.#entries.set(key, { attributes: Object.freeze({ ...attributes }), value });
  }

  /** The value last set for `attributes`, if any. */
  get(attributes: Attributes = {}): number | undefined {
    return this.#entries.get(keyOf(attributes))?.value;
  }
}
