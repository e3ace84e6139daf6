package io.c360.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the manifests, the scripts and the shared CRDs. The repository root comes
 * from the system property {@code c360.repo.root} (set by this module's pom) or the working
 * directory's parent; the CRDs from {@code ../shared/k8s-crds/sdp-26.3} beside the repository.
 */
final class RepositoryLayout {
  static final String CRD_RELEASE = "sdp-26.3";

  private RepositoryLayout() {}

  static Path root() {
    String configured = System.getProperty("c360.repo.root");
    Path root =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir")).resolve("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("k8s"))) {
      throw new IllegalStateException(
          "Cannot find the manifests: " + root.resolve("k8s") + " is not a directory");
    }
    return root;
  }

  static Path k8s() {
    return root().resolve("k8s");
  }

  static Path deployScript() {
    return root().resolve("scripts").resolve("deploy.sh");
  }

  /** The upstream CRDs; fails with what to do when the shared folder is missing. */
  static Path crdDirectory() {
    Path directory =
        root().resolve("..").resolve("shared").resolve("k8s-crds").resolve(CRD_RELEASE).normalize();
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          "Cannot validate the manifests: the SDP 26.3 CRDs are not at "
              + directory
              + ". They live in the shared folder beside the repository (../shared/k8s-crds/"
              + CRD_RELEASE
              + "/, one extra/crds.yaml per operator at tag 26.3.0); check it out next to the"
              + " repository.");
    }
    return directory;
  }
}
