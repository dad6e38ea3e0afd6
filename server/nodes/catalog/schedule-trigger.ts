import { z } from "zod";
import { defineNode } from "../define-node";

export const scheduleTriggerConfig = z.object({
  schedule: z
    .string()
    .min(1, "Say when the workflow should run.")
    .max(200)
    .default("weekdays at 09:00")
    .meta({
      label: "When to run",
      placeholder: "weekdays at 09:00",
      help: "In words — “every 15 minutes”, “every day at 08:30”, “weekdays at 09:00”, “every Monday at 10:00” — or a cron expression (minute hour day month weekday).",
    }),
  timeZone: z.string().max(100).default("").meta({ label: "Time zone", placeholder: "Europe/Paris", help: "Empty: the workspace's time zone." }),
  missedRuns: z
    .enum(["run_last", "skip"])
    .default("run_last")
    .meta({ label: "After downtime", widget: "select", help: "“run_last”: if runs were missed while the server was down, run once for the latest. “skip”: wait for the next scheduled time." }),
});
export type ScheduleTriggerConfig = z.output<typeof scheduleTriggerConfig>;

export const scheduleTrigger = defineNode({
  type: "trigger.schedule",
  version: 1,
  kind: "trigger",
  triggerKind: "schedule",
  label: "Schedule",
  category: "Triggers",
  icon: "clock",
  description: "Starts the workflow at set times, such as every weekday at 9:00.",
  help: "Runs exactly once per scheduled time, however many workers are running. The run receives `trigger.scheduledFor` (the planned time).",
  config: scheduleTriggerConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: false,
});
