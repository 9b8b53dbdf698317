// Hash formats against vectors made with Nix 2.8 at development time:
//   printf hello | sha256sum                          -> hex
//   nix-hash --type sha256 --to-base32 <hex>          -> Nix base-32
//   nix --extra-experimental-features nix-command hash to-sri sha256:<hex>
// (and the same for sha512, sha1, md5).

#include <doctest/doctest.h>

#include "analysis/packages/hash_format.h"

using namespace fw::packages;

namespace {

struct Vector {
  HashAlgo algo;
  const char* hex;
  const char* base32;
  const char* sri;
};

// sha256("hello"), sha256(""), sha256("flakewise"), sha512/sha1/md5("hello").
const Vector kVectors[] = {
    {HashAlgo::Sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
     "094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwic",
     "sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="},
    {HashAlgo::Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73",
     "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
    {HashAlgo::Sha256, "1ebe6cddb5c361057e058a7a4acbcd94a02353d2ed4e3c99c680add42e29ac4f",
     "0kxc54pd9bc0qsckqkpds99j784lrp5llyla0mz0aqf3npfnrghy",
     "sha256-Hr5s3bXDYQV+BYp6SsvNlKAjU9LtTjyZxoCt1C4prE8="},
    {HashAlgo::Sha512,
     "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043",
     "11w1pmwfdpz9pisbhp5qiv38q6dmidq2ipcqykw3p0sb6yrqcij79rwcwcjbxyzwbdal349qbxrncbk7pmd6snljrfpiwv2pljd4wcv",
     "sha512-m3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw=="},
    {HashAlgo::Sha1, "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", "9m1skbnr5i43n3yypvda5s65vhfwdx5a",
     "sha1-qvTGHdzF6KLavt4PO0gs2a6pQ00="},
    {HashAlgo::Md5, "5d41402abc4b2a76b9719d911017c592", "4jqlbi14cxf6wpcajbphm40hax",
     "md5-XUFAKrxLKna5cZ2REBfFkg=="},
};

}  // namespace

TEST_CASE("hash formats: hex, Nix base-32 and SRI of one digest agree (Nix 2.8 vectors)") {
  for (const Vector& v : kVectors) {
    CAPTURE(v.hex);
    const HashParse hex = parseHash(v.hex, v.algo);
    const HashParse b32 = parseHash(v.base32, v.algo);
    const HashParse sri = parseHash(v.sri, std::nullopt);
    REQUIRE(hex.hash);
    REQUIRE(b32.hash);
    REQUIRE(sri.hash);
    CHECK(hex.hash->encoding == HashEncoding::Hex);
    CHECK(b32.hash->encoding == HashEncoding::Base32);
    CHECK(sri.hash->encoding == HashEncoding::Sri);
    CHECK(hex.hash->raw == b32.hash->raw);
    CHECK(hex.hash->raw == sri.hash->raw);
    CHECK(toSri(*hex.hash) == v.sri);
    CHECK(toSri(*b32.hash) == v.sri);
    CHECK(toBase32(*sri.hash) == v.base32);
    CHECK(toHex(*sri.hash) == v.hex);
    // Prefixed forms.
    const std::string prefixed = std::string(algoName(v.algo)) + ":" + v.base32;
    const HashParse p = parseHash(prefixed, std::nullopt);
    REQUIRE(p.hash);
    CHECK(p.hash->prefixed);
    CHECK(toSri(*p.hash) == v.sri);
  }
}

TEST_CASE("hash formats: what Nix 2.8 refuses") {
  // Bare digests need the algorithm from the attribute name.
  CHECK_FALSE(parseHash("094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwic", std::nullopt).hash);
  // 'e' is not a Nix base-32 digit; 'z' first overflows 256 bits.
  CHECK_FALSE(parseHash("094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwie", HashAlgo::Sha256).hash);
  CHECK_FALSE(parseHash("z94qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwic", HashAlgo::Sha256).hash);
  // Wrong lengths.
  CHECK_FALSE(parseHash("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98", HashAlgo::Sha256).hash);
  const HashParse shortSri = parseHash("sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLm=", std::nullopt);
  CHECK_FALSE(shortSri.hash);
  CHECK(shortSri.error.find("32 bytes") != std::string::npos);
  // Unknown algorithm, non-base-64 characters, mismatched algorithm.
  CHECK_FALSE(parseHash("sha384-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", std::nullopt).hash);
  CHECK_FALSE(parseHash("sha256-LPJNul+wow4m6Dsqxbnin_sWHlwfp0JecwQzYpOLmCQ=", std::nullopt).hash);
  CHECK_FALSE(parseHash("sha512-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", HashAlgo::Sha256).hash);
  CHECK_FALSE(parseHash("", HashAlgo::Sha256).hash);
  // Nix 2.8 accepts SRI without padding (checked with `nix hash to-base16`).
  CHECK(parseHash("sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ", std::nullopt).hash);
}

TEST_CASE("hash formats: fake hashes are all zero") {
  const HashParse fake = parseHash("sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", std::nullopt);
  REQUIRE(fake.hash);
  CHECK(fake.hash->allZero());
  const HashParse fakeSha256 = parseHash("0000000000000000000000000000000000000000000000000000", HashAlgo::Sha256);
  REQUIRE(fakeSha256.hash);
  CHECK(fakeSha256.hash->allZero());
  // nix hash to-sri sha256:0000…(52) gives the same SRI as lib.fakeHash.
  CHECK(toSri(*fakeSha256.hash) == "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  CHECK_FALSE(parseHash("sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", std::nullopt).hash->allZero());
}
