package dev.powerwatch.tibber;

import java.time.Instant;

/** One hour as Tibber measured it ({@code home.consumption(resolution: HOURLY)}); kWh is null without data. */
public record HourlyConsumption(Instant from, Instant to, Double kWh) {}
