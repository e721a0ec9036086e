// User Timing marks the window leaves for whoever measures it (the desktop
// benchmark, a profiler): named here, so the names stay one.

/** A newly opened plan's first range is on screen (the frame after it painted). */
export const PLAN_DRAWN = 'trainyard:plan-drawn';
