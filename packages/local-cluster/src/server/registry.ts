/** The set of served resource types: the built-ins plus whatever installed CRDs add. */
import { builtinResources } from "./builtin-resources.js";
import type { ResourceType } from "./resource-type.js";

export class ResourceRegistry {
  readonly #types = new Map<string, ResourceType>();

  constructor() {
    for (const rt of builtinResources()) this.register(rt);
  }

  register(rt: ResourceType): void {
    this.#types.set(`${rt.group}/${rt.plural}`, rt);
  }

  unregister(group: string, plural: string): void {
    this.#types.delete(`${group}/${plural}`);
  }

  /** The type serving `group/version/plural`, if that version is served. */
  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    const rt = this.#types.get(`${group}/${plural}`);
    return rt?.versions.includes(version) === true ? rt : undefined;
  }

  byGroupResource(group: string, plural: string): ResourceType | undefined {
    return this.#types.get(`${group}/${plural}`);
  }

  /** The type whose kind is `kind` in API group `group` (used by garbage collection on ownerReferences). */
  byKind(group: string, kind: string): ResourceType | undefined {
    for (const rt of this.#types.values()) if (rt.group === group && rt.kind === kind) return rt;
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.#types.values()];
  }

  /** Group name -> served versions, in registration order (the core group is "" ). */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const rt of this.#types.values()) {
      const versions = out.get(rt.group) ?? [];
      for (const v of rt.versions) if (!versions.includes(v)) versions.push(v);
      out.set(rt.group, versions);
    }
    return out;
  }
}
