package io.c360.common.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NioLocalFileSystemTest {
  private Path temp;
  private NioLocalFileSystem fs;

  @BeforeEach
  void open() throws IOException {
    temp = Files.createTempDirectory("nio-local-fs-");
    fs = new NioLocalFileSystem();
    fs.initialize(URI.create("file:///"), new Configuration(false));
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
    try (var paths = Files.walk(temp)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void everyModeMapsToThePosixPermissionsOfItsSymbolicForm() {
    for (int mode = 0; mode <= 0777; mode++) {
      FsPermission permission = new FsPermission((short) mode);

      assertThat(NioLocalFileSystem.NioRawLocalFileSystem.posix(permission))
          .as("mode %o", mode)
          .isEqualTo(PosixFilePermissions.fromString(permission.toString()));
    }
  }

  @Test
  void setPermissionChangesTheFilesMode() throws IOException {
    Path file = Files.writeString(temp.resolve("data.txt"), "x");

    fs.setPermission(hadoopPath(file), new FsPermission((short) 0640));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");

    fs.setPermission(hadoopPath(file), new FsPermission((short) 0755));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void filesWrittenThroughItReadBackWithTheirChecksums() throws IOException {
    org.apache.hadoop.fs.Path file = hadoopPath(temp.resolve("nested/folder/part-0.txt"));

    try (OutputStream out = fs.create(file, false)) {
      out.write("bronze rows".getBytes(UTF_8));
    }
    String read;
    try (InputStream in = fs.open(file)) {
      read = new String(in.readAllBytes(), UTF_8);
    }

    assertThat(read).isEqualTo("bronze rows");
    assertThat(temp.resolve("nested/folder/.part-0.txt.crc")).exists();
    assertThat(fs.getFileStatus(file).getLen()).isEqualTo("bronze rows".length());
    assertThat(fs.getFileStatus(file.getParent()).isDirectory()).isTrue();
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path path) {
    return new org.apache.hadoop.fs.Path(path.toUri());
  }
}
