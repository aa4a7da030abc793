/** The one list of every job kind and schedule entry; each domain declares its own in its `jobs.ts`. */
import { signHeadsJob, signHeadsSchedule } from '../audit/jobs';
import { importCommitJob, recoverImportsJob, recoverImportsSchedule } from '../importers/jobs';
import { importTidyJob } from '../importers/tidy-job';
import {
  refreshFiguresJob,
  refreshFiguresSweepJob,
  refreshFiguresSweepSchedule,
  yearCloseReminderJob,
  yearCloseReminderMailJob,
  yearCloseReminderSchedule,
} from '../kpi/jobs';
import { purgeJob, purgeSchedule, snapshotJob, snapshotSchedule } from '../newsletter/jobs';
import { newsletterSendJob } from '../newsletter/issue-send';
import { mailSendJob, mailSendSchedule } from '../mail/jobs';
import { reminderCheckJob, reminderCheckSchedule } from '../reminders/jobs';
import { reportGenerateJob } from '../reports/jobs';
import { exportCleanupJob, exportCleanupSchedule, recordExportJob } from '../records/export-jobs';
import { downloadsRollupJob, downloadsRollupSchedule } from '../site/downloads/jobs';
import type { AnyJob } from './define';
import type { AnySchedule } from './schedule';

export const JOBS: readonly AnyJob[] = [
  signHeadsJob,
  recoverImportsJob,
  importCommitJob,
  importTidyJob,
  yearCloseReminderJob,
  yearCloseReminderMailJob,
  refreshFiguresJob,
  refreshFiguresSweepJob,
  reportGenerateJob,
  recordExportJob,
  exportCleanupJob,
  purgeJob,
  snapshotJob,
  newsletterSendJob,
  mailSendJob,
  downloadsRollupJob,
  reminderCheckJob,
];

export const SCHEDULES: readonly AnySchedule[] = [
  signHeadsSchedule,
  recoverImportsSchedule,
  yearCloseReminderSchedule,
  refreshFiguresSweepSchedule,
  exportCleanupSchedule,
  purgeSchedule,
  snapshotSchedule,
  mailSendSchedule,
  downloadsRollupSchedule,
  reminderCheckSchedule,
];

export const jobByKind = (kind: string): AnyJob | undefined => JOBS.find((j) => j.kind === kind);
export const scheduleByName = (name: string): AnySchedule | undefined =>
  SCHEDULES.find((s) => s.name === name);
