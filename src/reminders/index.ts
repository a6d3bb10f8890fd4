// Reminders: the machinery around the jobs (one file each in schedules/, listed in schedules/registry.ts):
// their calendar, the runner that sends each reminder once per group, the node-cron timers, the settings.
export { jobs } from '../../schedules/registry.js';
export { occurrencesBetween, yearOccurrences } from './calendar.js';
export { ReminderRunner, type DeliveryResult, type DeliveryStatus, type OccurrenceRun, type ReminderRunnerOptions } from './runner.js';
export { startSchedules, type RunningSchedules, type ScheduleOptions } from './cron.js';
export { JOB_NAMES, REMINDER_DEFAULTS, reminderSettings, type JobName, type ReminderSettings } from './settings.js';
export { createReminders } from './build.js';
export type { Delivery, Occurrence, ReminderJob } from './types.js';
