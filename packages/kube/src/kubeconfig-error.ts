/** A kubeconfig that cannot be used: `file` names it (or the in-cluster path), `problem` says why. */
export class KubeConfigError extends Error {
  readonly file: string;
  readonly problem: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`kubeconfig ${file}: ${problem}`, options);
    this.name = "KubeConfigError";
    this.file = file;
    this.problem = problem;
  }
}
