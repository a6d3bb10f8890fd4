// Every reminder job, one file each. Add a job here and it is scheduled, listed and previewed.
import grassroots from './grassroots.js';
import meetings from './meetings.js';
import paper from './paper.js';
import phaseEnding from './phase-ending.js';
import phaseStart from './phase-start.js';
import type { ReminderJob } from '../src/reminders/types.js';

export const jobs: readonly ReminderJob[] = [phaseStart, phaseEnding, paper, grassroots, meetings];
