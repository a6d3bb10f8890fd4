// Prometheus metrics (prom-client). One registry per process; counters are moved where things
// happen (bot, push, reminders, store), and GET /metrics exposes them.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'djzs_' });

export const messagesReceived = new Counter({
  name: 'djzs_messages_received_total',
  help: 'Messages received, by platform and outcome (answered, duplicate, rejected, ignored, bad_request)',
  labelNames: ['platform', 'outcome'] as const,
  registers: [registry],
});

export const answerSeconds = new Histogram({
  name: 'djzs_answer_duration_seconds',
  help: 'Time from a message reaching the bot to its reply being ready',
  labelNames: ['platform'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const reportsRecorded = new Counter({
  name: 'djzs_reports_recorded_total',
  help: 'Activity reports stored',
  registers: [registry],
});

export const pushes = new Counter({
  name: 'djzs_pushes_total',
  help: 'Outbound pushes (late replies and reminders), by platform and result (sent, failed)',
  labelNames: ['platform', 'result'] as const,
  registers: [registry],
});

export const pushDrops = new Counter({
  name: 'djzs_push_drops_total',
  help: 'Pushes given up, by platform and reason (retries_exhausted, unknown: may have arrived so not resent, dead, refused)',
  labelNames: ['platform', 'reason'] as const,
  registers: [registry],
});

export const reminderRuns = new Counter({
  name: 'djzs_reminder_runs_total',
  help: 'Reminder job runs, by job and result (ran, skipped, failed)',
  labelNames: ['job', 'result'] as const,
  registers: [registry],
});

export const storeErrors = new Counter({
  name: 'djzs_store_errors_total',
  help: 'Store operations that failed because the store was unavailable',
  registers: [registry],
});

export const feedbackEvents = new Counter({
  name: 'djzs_feedback_total',
  help: 'WeCom AI bot feedback on answers (accurate, inaccurate, cancel, other)',
  labelNames: ['platform', 'feedback'] as const,
  registers: [registry],
});

export const longConnections = new Counter({
  name: 'djzs_long_connection_events_total',
  help: 'Long-connection lifecycle, by transport and event (connected, closed, kicked, gateway_call, gateway_failed)',
  labelNames: ['transport', 'event'] as const,
  registers: [registry],
});
