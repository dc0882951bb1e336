package dev.powerwatch;

import dev.powerwatch.cli.ManPage;
import java.io.IOException;

/** The build's entry point for powerwatch(1): the page of this command line, written to args[0]. */
public final class ManPageFile {
  private ManPageFile() {}

  public static void main(String[] args) throws IOException {
    ManPage.write(args, Main.commandLine());
  }
}
