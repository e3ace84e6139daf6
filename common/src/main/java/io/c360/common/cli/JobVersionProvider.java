package io.c360.common.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --version} of every job: the command name and the version Maven wrote into the job jar's
 * manifest ({@code Implementation-Version}).
 */
public final class JobVersionProvider implements IVersionProvider {
  @Spec CommandSpec spec;

  @Override
  public String[] getVersion() {
    String version = JobVersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      spec.name() + " " + (version == null ? "(development build, no jar manifest)" : version)
    };
  }
}
