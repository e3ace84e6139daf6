package io.c360.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "db_passwd",
        "s3_secret_key",
        "spark.hadoop.fs.s3a.secret.key",
        "spark.hadoop.fs.s3a.access.key",
        "fs.s3a.session.token",
        "AWS_SESSION_KEY",
        "api_token",
        "credentials_file",
        "ssl.private-key",
        "accessKey",
        "Metastore.Password"
      })
  void secretNamesAreRecognised(String key) {
    assertThat(SecretMasker.isSecretKey(key)).isTrue();
    assertThat(SecretMasker.mask(key, "hunter2")).isEqualTo(SecretMasker.MASK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "output",
        "target",
        "seed",
        "customers",
        "start_date",
        "spark.hadoop.fs.s3a.endpoint",
        "compression"
      })
  void ordinaryNamesAreNotSecrets(String key) {
    assertThat(SecretMasker.isSecretKey(key)).isFalse();
    assertThat(SecretMasker.mask(key, "s3a://bucket/bronze")).isEqualTo("s3a://bucket/bronze");
  }

  @Test
  void userInfoOfAUriIsMasked() {
    assertThat(SecretMasker.mask("output", "s3a://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/bronze"))
        .isEqualTo("s3a://****@bucket/bronze");
    assertThat(SecretMasker.mask("metastore_uri", "thrift://admin:pw@metastore:9083"))
        .isEqualTo("thrift://****@metastore:9083");
  }

  @Test
  void onlyTheUserInfoIsMaskedTheRestOfTheUriIsKept() {
    // The user name also appears in the path: the path must be shown as it is.
    assertThat(SecretMasker.mask("output", "hdfs://svc:pw@namenode:8020/user/svc/bronze"))
        .isEqualTo("hdfs://****@namenode:8020/user/svc/bronze");
    assertThat(SecretMasker.mask("output", "s3a://a@bucket/data"))
        .isEqualTo("s3a://****@bucket/data");
  }

  @Test
  void unparseableUrisWithCredentialsAreMaskedToo() {
    // The space makes java.net.URI reject it; the credentials must still not show.
    String masked = SecretMasker.mask("jdbc", "jdbc:postgresql://user:p4ss word@db:5432/audit");

    assertThat(masked).doesNotContain("p4ss").doesNotContain("word@");
    assertThat(masked).isEqualTo("jdbc:postgresql://****@db:5432/audit");
  }

  @Test
  void valuesWithoutCredentialsAreKept() {
    assertThat(SecretMasker.mask("contact", "ops@example.com")).isEqualTo("ops@example.com");
    assertThat(SecretMasker.mask("output", "s3a://bucket/a@b")).isEqualTo("s3a://bucket/a@b");
    assertThat(SecretMasker.mask("output", "/data/bronze")).isEqualTo("/data/bronze");
    assertThat(SecretMasker.mask("output", null)).isNull();
    assertThat(SecretMasker.mask("password", null)).isNull();
  }
}
