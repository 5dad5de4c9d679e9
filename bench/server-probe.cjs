'use strict';
/**
 * What a bench server reports over IPC when asked ('stats'): its CPU time so far, and since the last ask, the longest
 * event-loop delay, the 99th percentile of it, and its garbage-collection pauses. The stalls are what a p99 latency
 * is made of; a figure without them says that something was slow, not what.
 */
const { monitorEventLoopDelay, PerformanceObserver, constants } = require('node:perf_hooks');

function installServerProbe() {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (entry.detail && entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.majorCount++;
    }
  }).observe({ entryTypes: ['gc'] });
  return () => {
    const stats = { cpu: process.cpuUsage(), loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6, gc };
    loop.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0 };
    return stats;
  };
}

module.exports = { installServerProbe };
