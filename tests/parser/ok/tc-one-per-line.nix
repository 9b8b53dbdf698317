{
  lib,
  stdenv,
  fetchFromGitHub,
  meson,
  ninja,
  pkg-config,
  wayland,
  wayland-protocols,
  libxkbcommon,
}:

stdenv.mkDerivation (finalAttrs: {
  pname = "wl-clock";
  version = "0.3.0";

  src = fetchFromGitHub {
    owner = "wl-clock";
    repo = "wl-clock";
    rev = "v${finalAttrs.version}";
    hash = "sha256-Jm5Qz9g0wR1tV4yK7uB2xN8cF3dP6hL0aS5eG9iT2qM=";
  };

  strictDeps = true;

  nativeBuildInputs = [
    meson
    ninja
    pkg-config
    wayland
  ];

  buildInputs = [
    wayland
    wayland-protocols
    libxkbcommon
  ];

  meta = {
    description = "Clock overlay for wlroots compositors";
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
  };
})
