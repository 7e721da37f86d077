/**
 * Credentials generated for kubenode's tests only. None of them protects anything; they exist so
 * canonical pools are valid, and so tests can prove secrets never leak into errors and logs.
 */

/** A cluster CA certificate (EC P-256, CN=kubernetes). */
export const TEST_CLUSTER_CA = `-----BEGIN CERTIFICATE-----
MIIBgDCCASWgAwIBAgIUbyWAnY9Ml4r9KbFMt3Cmnm6HB4YwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKa3ViZXJuZXRlczAeFw0yNjExMjQxMTQzMjRaFw0zNjExMjEx
MTQzMjRaMBUxEzARBgNVBAMMCmt1YmVybmV0ZXMwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAShdl3gA8VOlrbyeKe78Sc3Bn6RZJei30dN7+cTzLFdEvyfm9Ne7A/n
5T7TyhkBo5p+6yjoYj0AFcsRZMDu4yoBo1MwUTAdBgNVHQ4EFgQUe0/PpZttkSkt
F9tOOuxcmX66cfkwHwYDVR0jBBgwFoAUe0/PpZttkSktF9tOOuxcmX66cfkwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEArzpa9v/Nu1Bd1sWjtdFt
gESE8Se2pJDVVPBffb+dltsCIQDuCHp+OH5MO7+krfdmB0aYNvqRMyTJCXpByl0o
mNArwg==
-----END CERTIFICATE-----
`;

/** sha256 of TEST_CLUSTER_CA's SubjectPublicKeyInfo, as `openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum` prints it. */
export const TEST_CLUSTER_CA_SPKI_SHA256 = '8ab3aff2963384c7c6dd1cfe8ecb57f3e31775f0593b75d6451ef30d3eda90cb';

/** An extra trusted CA (RSA 2048, CN=corp-root). */
export const TEST_EXTRA_CA = `-----BEGIN CERTIFICATE-----
MIIDCTCCAfGgAwIBAgIUeUWZQRw4JyZQ+jp26FeZ6ZgI3wAwDQYJKoZIhvcNAQEL
BQAwFDESMBAGA1UEAwwJY29ycC1yb290MB4XDTI2MTEyNDExNDMyNVoXDTM2MTEy
MTExNDMyNVowFDESMBAGA1UEAwwJY29ycC1yb290MIIBIjANBgkqhkiG9w0BAQEF
AAOCAQ8AMIIBCgKCAQEAoy0YgyykE3HlMHowUnJxozDEBSVVK5a5aC8oireGFK0L
zukPe2jqFLSKWyPa0MPAS5gESP6e7ircT4qJQ1P+cSkh92clLYCBegiwJkJu+2bI
YbLck/o/drPJ/C8BBUjeQ4n5nVcWItI8jvl1g4yQ3vvmual252UFoKiHhqLNiJeX
ojTXja5I5W/5LXVudOzyC2u6bTjzbA7/VGHeJeVHGAZaN1qmcg36xRG1rTdBPYVM
ZSQIYEIZjMrSG7srHhYPOBUAxXTX84cHfGgYRwQ1bc2LeyFvAsI6i3+JQ/hQSokN
7R2nQrvNPM+RTKOnXsAxfcE5xjka/N9wzJETMqRvYQIDAQABo1MwUTAdBgNVHQ4E
FgQUh+i5lKIAMlhOlH8qNnPrH0O+ngEwHwYDVR0jBBgwFoAUh+i5lKIAMlhOlH8q
NnPrH0O+ngEwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAFxVa
E9J6i2ci9nBWDncQZ7iLsZqH+OOqK70ZJTebLtIxGG6OsTHojCP3ZgY/h+k4Ssiy
04n/cdq1H5N9P7pWaQCHkQLqhKumAk7YdFx0r7+MAaDt1oQJBSZum8SyGX7LL2SE
Ak5RX3NM1igsglkM0pYK4baFRYEeQP5v3vu7ZRivNUPy0H10vFf+mIb10Dek+Ryd
4642aDonhvycAiJ5ne1sgufrHXXs5KG3xS2H5iU28VJJUHZEurHqA/aBFQarcsEA
GX13JVaECoWGpf0pQrMES3SjL7q2LeiVsDEx6cjCmt2kTv5VAyL+8J42x5LQQVJn
IJ2O3N7vBMlpIbyGAw==
-----END CERTIFICATE-----
`;

/** A bootstrap token. Secret in real life; tests check it never appears in errors or warnings. */
export const TEST_BOOTSTRAP_TOKEN = 'k8sabc.0123456789abcdef';

/** An ed25519 public key. */
export const TEST_SSH_KEY_ED25519 =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIvt/sjlQbbEXA13JpKiIaGzi3J9Dtk2F3CS68PspNxO ops@example';

/** An RSA public key. */
export const TEST_SSH_KEY_RSA =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDWAhHVrqicn5u9//iLKeU6VmijETHNCSo6p+7ohTMj51OpZeztRWb1kQsiAxAucM2eTV5HnSwKFEZijSkc8HYggpkot3Zsk71fQGIyMfn8yc/a95qBeN/SEhY/+0Dn+6/jeWuZyvutWp0s5+KGdjtdk+dZtsWknsQb7Lc2XeXTQgRe175QRohszmErA7sv2RQlbWqQ6NMj643FGnNcgWXxo6MwgXiwvC1nXmT3y+Vz6slWpUUUzWJrj9aHHDifs2P14GiG5Cs7OkL2znjjVXCx+9+OmrZdLsqsWOGwK1bmN2T+WpI64hMxTwdWe8Vr2PMH+LsJFmW8gsVvXY3tHom5 ci@example';

/** A SHA-512 crypt hash of a throwaway password. */
export const TEST_PASSWORD_HASH =
  '$6$kubenodesalt$kjmlscFiWT0wXt7UAng79EH8dNwdgpVrZyfveMJkhRErpZxv.nGqHzi/q68Crwb3sIoVcFYklIj2jl.3vknAY.';

/** A private key placed in a file by the secrets pool: must make the file 0600 and never be logged. */
export const TEST_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGjulmFxnvNZtKoNjfQNrxy1M2ybIsBZZPl15cAUz663
-----END PRIVATE KEY-----
`;
