package dev.powerwatch.support;

import java.util.Optional;

/** Whether an actor that keeps state on disk can write it now; {@code problem} says why not. */
public record StateHealth(String owner, Optional<String> problem) {}
