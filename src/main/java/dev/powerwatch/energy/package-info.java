/**
 * The pure core of powerwatch's energy rules: plain Java, no actors, no clock reads, no I/O, no
 * configuration. All arithmetic runs on the meter's clock, the measurements' own timestamps read
 * in the home's time zone.
 *
 * <ul>
 *   <li>{@link dev.powerwatch.energy.HomeTime} — one per home: the interval (60 or 15 minutes,
 *       aligned to the local wall clock, DST-correct), local day and month of an instant.
 *   <li>{@link dev.powerwatch.energy.IntervalTracker} — fed {@link dev.powerwatch.energy.Reading}s,
 *       answers the running interval's {@link dev.powerwatch.energy.IntervalProgress} (E, P̄, Ê,
 *       power over the last minute, the cut against a limit, doubts) and hands over each
 *       finished {@link dev.powerwatch.energy.IntervalEnergy} once.
 *   <li>{@link dev.powerwatch.energy.CapacityTariff} — a grid company's capacity charge
 *       ({@link dev.powerwatch.energy.Pricing} by {@link dev.powerwatch.energy.StepTable}s or per
 *       kW, hours, weekdays, months, night weight, minimum, rolling months).
 *   <li>{@link dev.powerwatch.energy.CapacityMonth} — a home's month under a tariff: records
 *       finished intervals, gives the month's value, step and fee, the running interval's
 *       {@link dev.powerwatch.energy.Headroom} and the {@link dev.powerwatch.energy.Outlook} if it
 *       ended at an estimate. Its data form, {@link dev.powerwatch.energy.MonthPeaks} and
 *       {@link dev.powerwatch.energy.PeakHistory}, is what a caller persists.
 * </ul>
 *
 * <p>A caller's loop: {@code tracker.accept(Reading.of(m))}; when the result carries a finished
 * interval, {@code month = month.record(finished)} and persist {@code month.peaks()} (and
 * {@code month.history()}); then compare {@code progress.estimateKWh()} with
 * {@code month.headroom(progress.interval()).limitKWh()}, and tell how much to switch off with
 * {@code progress.reduceKw(limit)} and what it would cost with {@code month.ifEnds(...)}.
 */
package dev.powerwatch.energy;
