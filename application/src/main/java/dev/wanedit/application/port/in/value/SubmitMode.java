package dev.wanedit.application.port.in.value;

/** How a task is created: asynchronously (create, then poll) or with one synchronous call (wan2.7 only). */
public enum SubmitMode { ASYNC, SYNC }
