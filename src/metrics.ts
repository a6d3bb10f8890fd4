// Prometheus metrics (prom-client). One registry per process; counters are moved where things
// happen (bot, push, reminders, store), and GET /metrics exposes them.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'djzs_' });

/** A counter in this registry; its label names are typed, so every `.inc({...})` is checked. */
function counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export const messagesReceived = counter('djzs_messages_received_total', 'Messages received, by platform and outcome (answered, duplicate, rejected, ignored, bad_request)', ['platform', 'outcome']);

export const answerSeconds = new Histogram({
  name: 'djzs_answer_duration_seconds',
  help: 'Time from a message reaching the bot to its reply being ready',
  labelNames: ['platform'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const reportsRecorded = counter('djzs_reports_recorded_total', 'Activity reports stored');

export const pushes = counter('djzs_pushes_total', 'Outbound pushes (late replies and reminders), by platform and result (sent, failed)', ['platform', 'result']);

export const pushDrops = counter('djzs_push_drops_total', 'Pushes given up, by platform and reason (retries_exhausted, unknown: may have arrived so not resent, dead, refused)', ['platform', 'reason']);

export const reminderRuns = counter('djzs_reminder_runs_total', 'Reminder job runs, by job and result (ran, skipped, failed)', ['job', 'result']);

export const storeErrors = counter('djzs_store_errors_total', 'Store operations that failed because the store was unavailable');

export const feedbackEvents = counter('djzs_feedback_total', 'WeCom AI bot feedback on answers (accurate, inaccurate, cancel, other)', ['platform', 'feedback']);

export const longConnections = counter('djzs_long_connection_events_total', 'Long-connection lifecycle, by transport and event (connected, closed, kicked, gateway_call, gateway_failed)', ['transport', 'event']);
