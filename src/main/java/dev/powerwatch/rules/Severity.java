package dev.powerwatch.rules;

public enum Severity { INFO, WARNING, CRITICAL }
