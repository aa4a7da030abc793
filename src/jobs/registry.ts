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
import { digestJob, digestSchedule } from '../kpi/digest-jobs';
import { purgeJob, purgeSchedule, snapshotJob, snapshotSchedule } from '../newsletter/jobs';
import { newsletterSendJob } from '../newsletter/issue-send';
import { mailSendJob, mailSendSchedule } from '../mail/jobs';
import { reminderCheckJob, reminderCheckSchedule } from '../reminders/jobs';
import { reportGenerateJob } from '../reports/jobs';
import { signoffRequestsJob, signoffRequestsSchedule } from '../signoff/jobs';
import { exportCleanupJob, exportCleanupSchedule, recordExportJob } from '../records/export-jobs';
import { consistencyCheckJob, consistencyCheckSchedule } from '../records/consistency-jobs';
import { downloadsRollupJob, downloadsRollupSchedule } from '../site/downloads/jobs';
import { brandCheckJob, brandCleanupJob, brandCleanupSchedule } from '../brand/jobs';
import {
  sourcesCachePurgeJob,
  sourcesCachePurgeSchedule,
  sourcesDailyJob,
  sourcesDailySchedule,
  sourcesFetchJob,
} from '../sources/jobs';
import type { AnyJob } from './define';
import type { AnySchedule } from './schedule';

export const JOBS: readonly AnyJob[] = [
  signHeadsJob,
  recoverImportsJob,
  importCommitJob,
  importTidyJob,
  yearCloseReminderJob,
  yearCloseReminderMailJob,
  digestJob,
  refreshFiguresJob,
  refreshFiguresSweepJob,
  reportGenerateJob,
  recordExportJob,
  exportCleanupJob,
  consistencyCheckJob,
  purgeJob,
  snapshotJob,
  newsletterSendJob,
  mailSendJob,
  downloadsRollupJob,
  signoffRequestsJob,
  reminderCheckJob,
  brandCheckJob,
  brandCleanupJob,
  sourcesDailyJob,
  sourcesFetchJob,
  sourcesCachePurgeJob,
];

export const SCHEDULES: readonly AnySchedule[] = [
  signHeadsSchedule,
  recoverImportsSchedule,
  yearCloseReminderSchedule,
  digestSchedule,
  refreshFiguresSweepSchedule,
  exportCleanupSchedule,
  consistencyCheckSchedule,
  purgeSchedule,
  snapshotSchedule,
  mailSendSchedule,
  downloadsRollupSchedule,
  signoffRequestsSchedule,
  reminderCheckSchedule,
  brandCleanupSchedule,
  sourcesDailySchedule,
  sourcesCachePurgeSchedule,
];

export const jobByKind = (kind: string): AnyJob | undefined => JOBS.find((j) => j.kind === kind);
export const scheduleByName = (name: string): AnySchedule | undefined =>
  SCHEDULES.find((s) => s.name === name);
