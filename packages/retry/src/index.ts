export { TransientError } from "./transient-error.js";
