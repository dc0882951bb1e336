package dev.powerwatch.simulator;

import java.time.ZoneId;

/** A home the simulator serves: as Tibber lists it, with or without a Pulse. */
public record SimulatedHome(String id, String nickname, ZoneId timeZone, boolean realTimeConsumptionEnabled) {}
