package io.c360.common.cli;

/**
 * A picocli command class of a job: its annotated fields hold the raw arguments, {@link
 * #toOptions()} validates them all at once into immutable options.
 *
 * @param <O> the job's options record
 */
public interface JobCommand<O extends JobOptions> {
  /** The common options mixed into this command. */
  CommonOptions common();

  /**
   * Validates the parsed arguments.
   *
   * @throws JobFailure of category usage, naming the option, the bad value and what is accepted
   */
  O toOptions();
}
