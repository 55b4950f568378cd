// A second SQLite process-like migrator: a worker thread that opens the same file and migrates when released.
import { parentPort, workerData } from "node:worker_threads";
import "./ts-resolve.mjs";

const { openOffloadRepository } = await import("../src/open.ts");
const { url, gate } = workerData;
const repo = openOffloadRepository({ url });
const flag = new Int32Array(gate);
Atomics.add(flag, 1, 1); // ready
Atomics.wait(flag, 0, 0); // wait for the start signal, so both workers migrate at the same moment
try {
  const report = await repo.migrate();
  parentPort.postMessage({ report });
} catch (err) {
  parentPort.postMessage({ error: String(err) });
} finally {
  await repo.close();
}
