#!/usr/bin/env bash
# Installs the Debian packages sonde needs to build and test. Idempotent and quiet when every
# package is already present; run as root (or through sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  bison flex libfl-dev
  llvm-19-dev zlib1g-dev libzstd-dev libedit-dev libxml2-dev libffi-dev libncurses-dev
  libbpf-dev libelf-dev libbpfcc-dev
  libgtest-dev
  systemtap-sdt-dev
  bpftool
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >/dev/null
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
