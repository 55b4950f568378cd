import type { ProcessExit, ProcessHandle, ProcessSpawner, SpawnSpec } from "./process-spawner.js";

/** A process started by `FakeSpawner`: the test decides when and how it ends. */
export class FakeProcess implements ProcessHandle {
  readonly pid: number;
  readonly spec: SpawnSpec;
  readonly exited: Promise<ProcessExit>;
  readonly signals: NodeJS.Signals[] = [];
  /** When true, SIGTERM is recorded but ignored (a process that traps it); SIGKILL always ends it. */
  ignoreTerm = false;
  #resolve: (exit: ProcessExit) => void = () => {};
  #done = false;

  constructor(pid: number, spec: SpawnSpec) {
    this.pid = pid;
    this.spec = spec;
    this.exited = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  get running(): boolean {
    return !this.#done;
  }

  /** Writes to the process's stdout. */
  stdout(text: string): void {
    this.spec.onStdout(Buffer.from(text));
  }

  stderr(text: string): void {
    this.spec.onStderr(Buffer.from(text));
  }

  exit(code: number): void {
    this.#finish({ code, signal: null });
  }

  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    if (signal === "SIGTERM" && this.ignoreTerm) return;
    this.#finish({ code: null, signal });
  }

  #finish(exit: ProcessExit): void {
    if (this.#done) return;
    this.#done = true;
    this.#resolve(exit);
  }
}

/** A `ProcessSpawner` for tests: records every spawn; `commandsNotFound` makes a spawn fail like ENOENT. */
export class FakeSpawner implements ProcessSpawner {
  readonly processes: FakeProcess[] = [];
  readonly commandsNotFound = new Set<string>();
  #nextPid = 1000;
  readonly #waiters: { count: number; resolve: (p: FakeProcess) => void }[] = [];

  /** Resolves with the `count`-th process (1-based) once it has been spawned. */
  spawned(count: number): Promise<FakeProcess> {
    const existing = this.processes[count - 1];
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  spawn(spec: SpawnSpec): ProcessHandle {
    if (this.commandsNotFound.has(spec.command)) {
      return {
        pid: 0,
        exited: Promise.resolve({ code: null, signal: null, error: `spawn ${spec.command} ENOENT` }),
        kill: () => {},
      };
    }
    const p = new FakeProcess(this.#nextPid++, spec);
    this.processes.push(p);
    for (const w of [...this.#waiters]) {
      if (w.count === this.processes.length) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
    return p;
  }

  /**
   * The most recent process whose last argument (the script of `sh -c <script>`) or command is `script`, or,
   * when `script` is a RegExp, whose whole command line matches it.
   */
  find(script: string | RegExp): FakeProcess | undefined {
    return this.processes.findLast((p) => {
      if (typeof script !== "string") return script.test([p.spec.command, ...p.spec.args].join(" "));
      return p.spec.args.at(-1) === script || p.spec.command === script;
    });
  }
}
