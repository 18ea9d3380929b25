#!/usr/bin/env bash
# Installs what `cargo xtask interop` needs on Debian 12, idempotently. Called as
#   bash xtask/servers/install.sh [--dovecot] [--cyrus] [--cyrus-dir DIR]
# (no flag: both servers). When everything is already in place it only asks dpkg and
# returns in a few milliseconds, so it also runs without root then.
#
# Why it is more than `apt-get install`:
# * Debian's dovecot-imapd and cyrus-imapd both Provide and Conflict with imap-server, so
#   apt installs only one of them. We install dovecot-imapd and Cyrus' shared parts
#   (cyrus-common: master, ctl_cyrusdb, libraries) with apt, and unpack the cyrus-imapd
#   .deb of exactly cyrus-common's version into DIR (imapd, idled) without telling dpkg.
# * Package scripts must not start system-wide daemons on 143/993: while apt runs, a
#   temporary policy-rc.d (exit 101) is put in place unless one exists, and system
#   services that run anyway are stopped and disabled afterwards. Our private instances
#   never use /etc/dovecot, /etc/imapd.conf or /etc/cyrus.conf.
set -euo pipefail

die() { echo "install.sh: error: $*" >&2; exit 1; }
log() { echo "install.sh: $*" >&2; }

want_dovecot=0
want_cyrus=0
cyrus_dir=/opt/imap-rs-interop/cyrus-imapd
while [ $# -gt 0 ]; do
    case "$1" in
        --dovecot) want_dovecot=1 ;;
        --cyrus) want_cyrus=1 ;;
        --cyrus-dir) cyrus_dir=${2:?--cyrus-dir needs a value}; shift ;;
        *) die "unknown argument: $1" ;;
    esac
    shift
done
if [ "$want_dovecot$want_cyrus" = 00 ]; then want_dovecot=1; want_cyrus=1; fi

command -v dpkg-query >/dev/null || die "dpkg-query not found: this targets Debian 12"

# One dpkg-query call for all packages keeps the already-installed case fast.
missing() {
    local status
    status=$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
    for p in "$@"; do
        grep -qx "$p install ok installed" <<<"$status" || echo "$p"
    done
}

pkgs=(openssl ca-certificates)
if [ "$want_dovecot" = 1 ]; then pkgs+=(dovecot-core dovecot-imapd); fi
if [ "$want_cyrus" = 1 ]; then
    # sasl2-bin: saslpasswd2 for the sasldb; libsasl2-modules: the PLAIN, LOGIN, CRAM-MD5
    # and SCRAM plugins Cyrus loads.
    pkgs+=(cyrus-common sasl2-bin libsasl2-modules)
fi
mapfile -t todo < <(missing "${pkgs[@]}")

if [ "$want_cyrus" = 1 ] && [ ${#todo[@]} -gt 0 ]; then
    # cyrus-common needs some MTA; dma has no daemon. An MTA already installed is kept.
    mtas=(exim4-daemon-light exim4-daemon-heavy postfix dma nullmailer msmtp-mta opensmtpd sendmail-bin)
    mapfile -t absent < <(missing "${mtas[@]}")
    if [ ${#absent[@]} = ${#mtas[@]} ]; then todo+=(dma); fi
fi

policy=/usr/sbin/policy-rc.d
temp_policy=0
cleanup() { if [ "$temp_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

if [ ${#todo[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages (${todo[*]}); run as root to install them"
    command -v apt-get >/dev/null || die "apt-get not found"
    export DEBIAN_FRONTEND=noninteractive
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# temporary: cargo xtask interop keeps package scripts from starting daemons\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        temp_policy=1
    fi
    log "apt-get install ${todo[*]}"
    apt_log=$(mktemp /tmp/imap-rs-interop-apt.XXXXXX)
    apt-get update -q >"$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get update failed (log: $apt_log)"; }
    if ! apt-get install -y -q --no-install-recommends "${todo[@]}" >>"$apt_log" 2>&1; then
        tail -n 40 "$apt_log" >&2
        die "apt-get install failed (log: $apt_log)"
    fi
    rm -f "$apt_log"
    installed_now=1
else
    installed_now=0
fi

if [ "$want_dovecot" = 1 ] && [ "$(id -u)" = 0 ] && ! id imaptest >/dev/null 2>&1; then
    # Owns the mail stores of Dovecot instances started as root (Dovecot refuses root).
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin imaptest
    log "created system user imaptest"
fi

if [ "$want_cyrus" = 1 ]; then
    version=$(dpkg-query -W -f='${Version}' cyrus-common)
    if [ -x /usr/lib/cyrus/bin/imapd ]; then
        : # cyrus-imapd itself is installed (then Dovecot is not): nothing to unpack.
    elif [ -x "$cyrus_dir/usr/lib/cyrus/bin/imapd" ] && [ "$(cat "$cyrus_dir/VERSION" 2>/dev/null)" = "$version" ]; then
        : # unpacked earlier, same version
    else
        [ "$(id -u)" = 0 ] || die "cyrus-imapd $version is not unpacked in $cyrus_dir; run as root"
        tmp=$(mktemp -d /tmp/imap-rs-interop-deb.XXXXXX)
        # The package lists may be older than cyrus-common's version: retry after an update.
        if ! (cd "$tmp" && apt-get download -q "cyrus-imapd=$version" >/dev/null 2>&1); then
            apt-get update -q >/dev/null 2>&1 || true
            (cd "$tmp" && apt-get download -q "cyrus-imapd=$version" >/dev/null) || die "cannot download cyrus-imapd=$version"
        fi
        rm -rf "$cyrus_dir.new"
        mkdir -p "$cyrus_dir.new"
        dpkg-deb -x "$tmp"/cyrus-imapd_*.deb "$cyrus_dir.new"
        echo "$version" >"$cyrus_dir.new/VERSION"
        rm -rf "$cyrus_dir" "$tmp"
        mv "$cyrus_dir.new" "$cyrus_dir"
        log "unpacked cyrus-imapd $version into $cyrus_dir"
    fi
fi

# Only right after apt ran: a package script may have started or enabled a system
# instance on the default ports. Ours run from their own directories and are unaffected.
if [ "$installed_now" = 1 ]; then
    for svc in dovecot cyrus-imapd; do
        if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
            systemctl disable --now "$svc.service" >/dev/null 2>&1 && log "disabled system service $svc" || true
        elif [ -x "/etc/init.d/$svc" ]; then
            "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
            update-rc.d "$svc" disable >/dev/null 2>&1 || true
        fi
    done
    log "installed"
fi
