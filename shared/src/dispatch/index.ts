// Dispatch (调度): responsible units, cases and their lifecycle, the deadline policy, working-hours
// arithmetic, due reminders/escalations and timeliness figures. Pure; the gateway adds storage,
// routes, timers and notification around it.
export * from './workingHours.ts';
export * from './policy.ts';
export * from './units.ts';
export * from './case.ts';
export * from './lifecycle.ts';
export * from './suggest.ts';
export * from './due.ts';
export * from './figures.ts';
