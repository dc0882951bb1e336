package dev.powerwatch.notify;

public enum Severity { INFO, WARNING, CRITICAL }
