export { BucketRateLimiter } from "./bucket-rate-limiter.js";
export { type Clock, MAX_TIMER_DELAY_MS, realClock, type Timer, type TimerOptions } from "./clock.js";
export { defaultControllerRateLimiter } from "./default-rate-limiter.js";
export { DelayingQueue } from "./delaying-queue.js";
export {
  defaultItemBasedRateLimiter,
  type ExponentialFailureOptions,
  ItemExponentialFailureRateLimiter,
} from "./exponential-failure-rate-limiter.js";
export { FakeClock } from "./fake-clock.js";
export { type FastSlowOptions, ItemFastSlowRateLimiter } from "./fast-slow-rate-limiter.js";
export { FixedIntervalRateLimiter } from "./fixed-interval-rate-limiter.js";
export { primitiveKey } from "./key.js";
export { MaxOfRateLimiter } from "./max-of-rate-limiter.js";
export type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  QueueMetricsProvider,
  SettableGaugeMetric,
} from "./metrics.js";
export { PriorityStorage, type PriorityStorageOptions } from "./priority-storage.js";
export { type DrainOptions, type GetOptions, type GetResult, Queue, type QueueOptions } from "./queue.js";
export { DEFAULT_METRICS_UPDATE_PERIOD_MS } from "./queue-metrics.js";
export type { RateLimiter } from "./rate-limiter.js";
export { RateLimitingQueue, type RateLimitingQueueOptions } from "./rate-limiting-queue.js";
export { FifoStorage, type QueueStorage } from "./storage.js";
export { type Reservation, TokenBucket, type TokenBucketOptions } from "./token-bucket.js";
export { WithMaxWaitRateLimiter } from "./with-max-wait-rate-limiter.js";
export {
  type DropInfo,
  type DropReason,
  type HandlerContext,
  type HandlerResult,
  type RunWorkersOptions,
  runWorkers,
  type WorkerPool,
} from "./workers.js";
