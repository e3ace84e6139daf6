package io.c360.common.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, with permissions set through {@code java.nio} instead of a forked
 * {@code chmod}. Without Hadoop's native library (absent from Maven's Spark and most laptops),
 * {@link RawLocalFileSystem} forks a {@code chmod} process for every file and folder it creates;
 * from a JVM with a large heap each fork takes tens of milliseconds, which dominated small local
 * writes (docs/TUNING.md). Checksums, paths and everything else are Hadoop's own.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }

  /** The raw file system underneath, with the {@code java.nio} permission change. */
  public static final class NioRawLocalFileSystem extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(path).toPath();
      try {
        Files.setPosixFilePermissions(file, posix(permission));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system (Windows): Hadoop's own way.
        super.setPermission(path, permission);
      }
    }

    static Set<PosixFilePermission> posix(FsPermission permission) {
      Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
      add(
          result,
          permission.getUserAction(),
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
      add(
          result,
          permission.getGroupAction(),
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);
      add(
          result,
          permission.getOtherAction(),
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
      return result;
    }

    private static void add(
        Set<PosixFilePermission> result,
        FsAction action,
        PosixFilePermission read,
        PosixFilePermission write,
        PosixFilePermission execute) {
      if (action.implies(FsAction.READ)) {
        result.add(read);
      }
      if (action.implies(FsAction.WRITE)) {
        result.add(write);
      }
      if (action.implies(FsAction.EXECUTE)) {
        result.add(execute);
      }
    }
  }
}
