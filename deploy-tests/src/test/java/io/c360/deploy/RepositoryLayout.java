package io.c360.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the manifests, the scripts and the upstream CRDs. The repository root comes
 * from the system property {@code c360.repo.root} (set by this module's pom) or the working
 * directory's parent; the CRDs are vendored in {@code deploy-tests/crds/sdp-26.3} (provenance and
 * license in deploy-tests/crds/README.md), so a clone needs nothing beside it.
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

  /** The vendored upstream CRDs; fails with what to do when they are missing. */
  static Path crdDirectory() {
    Path directory = root().resolve("deploy-tests").resolve("crds").resolve(CRD_RELEASE);
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          "Cannot validate the manifests: the SDP 26.3 CRDs are not at "
              + directory
              + ". They are part of the repository (deploy-tests/crds/"
              + CRD_RELEASE
              + "/, one extra/crds.yaml per operator at tag 26.3.0, see deploy-tests/crds/README.md);"
              + " restore them with git checkout.");
    }
    return directory;
  }
}
