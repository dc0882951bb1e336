package dev.powerwatch.energy;

import java.util.Optional;

/**
 * The month if the running interval ended at a given energy: the month's value ({@code monthKw},
 * the minimum applied), the billed value ({@code billedKw}, after a rolling average), the step
 * (empty for a price per kW), the fee, and {@code extra}: how much more that fee is than today's,
 * per month.
 */
public record Outlook(double monthKw, double billedKw, Optional<StepTable.Step> step, double fee, double extra) {}
