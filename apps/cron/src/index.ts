export { CronScheduler } from "./scheduler.js";
