package dev.powerwatch.energy;

import java.time.Instant;
import java.time.LocalDate;

/** One interval as a capacity tariff counts it: its local day, its start, and its counted kW (weighted). */
public record Peak(LocalDate day, Instant start, double kw) {}
