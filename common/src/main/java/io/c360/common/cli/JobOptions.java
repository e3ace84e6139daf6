package io.c360.common.cli;

import io.c360.common.session.SessionSettings;
import java.util.Map;

/** The validated, immutable options of one job run. */
public interface JobOptions {
  /** What the session needs to know about this run. */
  SessionSettings sessionSettings(String appName);

  /** The options as reported in the run report (secrets are masked by the report). */
  Map<String, Object> parameters();
}
