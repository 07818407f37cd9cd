#!/bin/sh
# scripts/model.sh - the store of labelled sets the shipped model is
# trained on, built from ../shared/data, and the model itself.
#
#   sh scripts/model.sh BIN STORE [MODEL]
#
# BIN is the bonafide binary, STORE a directory that must not exist yet
# (it is made here), MODEL where the model goes (no training without it).
# `make model` runs it with models/default.model; `make bench` and the
# test of `eval --leave-one-set-out` build the same store.  Every input is
# fixed (files, order, observation dates, seeds), so the same shared data
# and binary give the same model file, byte for byte.
#
# The order matters where sets share accounts: the upsert keeps the last
# label and set.  The 1,337 intertwitter accounts of cresci2017-mib's
# fake_followers.csv are Cresci 2015's INT, so cresci2015-e13-int-users is
# read last and keeps them: left out, it is then judged by a model that
# never saw them.  Accounts the social honeypot shares with later sets go
# to those sets.
set -eu
bin=$1
store=$2
model=${3:-}
data=${BONAFIDE_SHARED:-../shared}/data
# Nothing may depend on the day it runs.
export BONAFIDE_NOW=2026-01-01T00:00:00Z

for d in caverlee2011-honeypot botrepo2019-botwiki-verified cresci2017-mib \
    cresci2015-e13-int-users; do
    [ -d "$data/$d" ] || { echo "model: $data/$d is absent" >&2; exit 77; }
done
[ ! -e "$store" ] || { echo "model: $store exists" >&2; exit 1; }
mkdir -p "$store"

ing() {
    "$bin" ingest --quiet --store "$store/db" "$@" >/dev/null
}

# The social honeypot: each file is one class (PROVENANCE.md).
c=$data/caverlee2011-honeypot/data
ing --label genuine --label-set caverlee2011-honeypot "$c/legitimate_users.txt"
ing --label bot --label-set caverlee2011-honeypot "$c/content_polluters.txt"

# The bot repository: profiles captured with the latest tweet, no date of
# their own; the newest tweet of each file bounds it (PROVENANCE.md).
b=$data/botrepo2019-botwiki-verified/data
ing --label bot --label-set botrepo2019-botwiki-verified \
    --observed-at 2019-06-05 "$b/botwiki-2019_tweets.json"
ing --label genuine --label-set botrepo2019-botwiki-verified \
    --observed-at 2019-06-06 "$b/verified-2019_tweets.json"

# Cresci 2017 (MIB): genuine, bought followers, three spambot groups.
m=$data/cresci2017-mib/data
ing --label genuine --label-set cresci2017-mib "$m/genuine_accounts.csv"
ing --label fake --label-set cresci2017-mib "$m/fake_followers.csv"
for f in social_spambots_1 social_spambots_2 traditional_spambots_1; do
    ing --label bot --label-set cresci2017-mib "$m/$f.csv"
done

# Cresci 2015: E13 genuine, INT bought followers.
e=$data/cresci2015-e13-int-users/data
ing --label genuine --label-set cresci2015-e13-int-users "$e/users.csv"
ing --label fake --label-set cresci2015-e13-int-users "$e/fusers.csv"

# A simulated world: the only labelled accounts with posts and follows,
# so that timeline and network features are learnt (docs/simulation.md).
"$bin" sim --accounts 2000 --seed 3 --out "$store/sim" >/dev/null
for f in accounts.csv posts.jsonl follows.csv; do
    ing --platform sim --observed-at 2026-01-01 "$store/sim/$f"
done
ing --platform sim --observed-at 2026-01-01 --label-column label \
    --label-set sim "$store/sim/labels.csv"

if [ -n "$model" ]; then
    "$bin" train --store "$store/db" -o "$model" --seed 42
fi
