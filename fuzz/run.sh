#!/bin/sh
# fuzz/run.sh - build and run every libFuzzer target for a while.
#
#   sh fuzz/run.sh [SECONDS [NAME...]]
#
# SECONDS per target defaults to 30 (`make fuzz` passes FUZZ_SECONDS); NAMEs
# (such as twitter_v1) limit the run to those targets.
#
# Each fuzz/fuzz_<name>.c is a libFuzzer target (LLVMFuzzerTestOneInput).
# The library's sources (src/*/*.c but the CLI, and src/*/*.cpp) are
# compiled with clang/clang++ and coverage, AddressSanitizer and
# UndefinedBehaviorSanitizer into build/fuzz/libbonafide.a; each target is
# linked against it with the Makefile's LIBS.  A target starts from a seed
# corpus written by a seed_<name> function below when there is one (seeds
# are generated here, not copied from other data sets), and keeps what it
# finds in build/fuzz/corpus/<name>.  Every target runs even when an earlier
# one crashed; the script then exits non-zero, and each crashing input is
# left in build/fuzz/crash-<name>-*.

set -eu

secs=${1:-30}
[ $# -gt 0 ] && shift
only="$*"
out=build/fuzz
CC=${FUZZ_CC:-clang}
CXX=${FUZZ_CXX:-clang++}
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
common="-g -O1 -fno-omit-frame-pointer $san -Iinclude -Isrc"

# seed_twitter_v1 DIR writes small Twitter v1.1 JSON-lines inputs.
seed_twitter_v1() {
    d=$1
    printf '%s\n' '{"created_at":"Wed Apr 11 01:27:54 +0000 2018","id":983878630219681792,"id_str":"983878630219681792","full_text":"#a @b https://t.co/x","source":"<a href=\"https://ifttt.com\" rel=\"nofollow\">IFTTT</a>","entities":{"hashtags":[{"text":"a"}],"user_mentions":[{}],"urls":[{}]},"favorite_count":0,"retweet_count":1,"user":{"id":722019658417729536,"id_str":"722019658417729536","screen_name":"x","name":"X \u00e9","created_at":"Mon Apr 18 11:05:46 +0000 2016","followers_count":17,"friends_count":2,"statuses_count":3,"favourites_count":0,"listed_count":1,"verified":false,"protected":false,"default_profile":true,"default_profile_image":false,"description":"d","url":"https://t.co/u","entities":{"url":{"urls":[{"expanded_url":"http://e.example"}]}},"location":"","lang":null}}' >"$d/original"
    printf '%s\n' '{"id_str":"200","text":"RT @b: hi","user":{"id_str":"20"},"retweeted_status":{"id_str":"100","text":"hi","is_quote_status":true,"quoted_status_id_str":"50","quoted_status":{"id_str":"50","user":{"id_str":"5"}},"user":{"id_str":"10"}}}' >"$d/retweet"
    printf '%s\n' '{"id_str":"500","created_at":"bad","in_reply_to_status_id":400,"extended_tweet":{"full_text":"long","entities":{"hashtags":[]}},"user":{"id":50}}' '' '{"id_str":"1",' >"$d/reply"
    printf '%s\n' '{"statuses":[{"id_str":"1","user":{"id_str":"2"}},7],"search_metadata":{}}' '[{"id":3,"user":{"id":4}}]' '{"delete":{"status":{"id":1}}}' >"$d/search"
}

# seed_instagram DIR writes Instagram export files (each is written to
# every file of the export by fuzz_export.h): a 2024 followers array, a
# 2025+ following object, posts and insights.
seed_instagram() {
    d=$1
    printf '%s\n' '[{"title":"","media_list_data":[],"string_list_data":[{"href":"https://www.instagram.com/a.b","value":"a.b","timestamp":1733433674}]}]' >"$d/followers"
    printf '%s\n' '{"relationships_following":[{"title":"cd","string_list_data":[{"href":"https://www.instagram.com/_u/cd","timestamp":1776177738}]}]}' >"$d/following"
    printf '%s\n' '[{"media":[{"uri":"media/posts/1_2.jpg","creation_timestamp":1430402563,"title":"\u00f0\u009f\u0091\u008d"}]}]' >"$d/posts"
    printf '%s\n' '{"organic_insights_audience":[{"string_map_data":{"Followers":{"value":"196"},"Follower percentage by country":{"value":"Nigeria: 60.1%, Ghana: 2.4%"},"Total follower percentage for men":{"value":"64%"}}}]}' >"$d/insights"
}

# seed_facebook DIR writes Facebook export files with Meta's mojibake.
seed_facebook() {
    d=$1
    printf '%s\n' '{"followers_v3":[{"name":"\u00e1\u0080\u0096 Xx"},{"name":"Y","timestamp":1638795396}]}' >"$d/followers"
    printf '%s\n' '[{"timestamp":1507661694,"data":[{"post":"hi"}]}]' >"$d/posts"
    printf '%s\n' '{"videos_v2":[{"uri":"posts/media/videos/1.mp4","creation_timestamp":1757405543,"description":"d"}]}' >"$d/videos"
    printf '%s\n' '{"profile_v2":{"name":{"full_name":"Some Page"}}}' >"$d/profile"
}

# seed_tiktok DIR writes a TikTok export with counts as numbers and text.
seed_tiktok() {
    printf '%s\n' '{"Profile":{"Profile Info":{"ProfileMap":{"userName":"u","followerCount":62,"likesReceived":"387"}}},"Your Activity":{"Follower":{"FansList":[{"Date":"2025-10-01 09:31:12","UserName":"f"}]},"Following":{"Following":[{"Date":"2025-11-14 19:13:26","UserName":"g"}]}},"Post":{"Posts":{"VideoList":[{"Date":"2025-01-26 15:50:46","Likes":"58","Title":"N/A"}]}}}' >"$1/export"
}

# seed_tiktok_api DIR writes TikTok API answers: a Research API video page
# with an id above 2^53, a profile, a follower page and an error.
seed_tiktok_api() {
    printf '%s\n' '{"data":{"videos":[{"video_id":702874395068494965,"username":"u","create_time":1633823999,"view_count":1050,"like_count":"7","hashtag_names":["a"]}],"cursor":100,"has_more":true},"error":{"code":"ok","message":"","log_id":"1"}}' >"$1/videos"
    printf '%s\n' '{"data":{"user":{"username":"u","follower_count":232,"following_count":"45","video_count":44,"is_verified":false}},"error":{"code":"ok"}}' >"$1/user"
    printf '%s\n' '{"data":{"user_followers":[{"username":"f","display_name":"F"}],"has_more":false},"error":{"code":"ok"}}' >"$1/followers"
    printf '%s\n' '{"data":{},"error":{"code":"access_token_invalid","message":"bad","log_id":"2"}}' >"$1/error"
}

# seed_timeline DIR writes posts cut into text, source and a third
# string at NUL bytes: links, spam phrases, tags, UTF-8.
seed_timeline() {
    printf 'Make money https://t.co/x #a @b 2024!\0<a href="https://ifttt.com">IFTTT</a>\0kitten' >"$1/one"
    printf 'www.diet.example  caf\303\251 WORK FROM HOME\0\0sitting' >"$1/two"
}

# seed_linkedin DIR writes a Shares.csv with a multi-line post and a
# Connections.csv with its preamble.
seed_linkedin() {
    printf 'Date,ShareLink,ShareCommentary,Visibility\n2025-07-01 14:33:22,https://x/urn%%3A1,"a.""\n""""\n""b",MEMBER_NETWORK\n' >"$1/shares"
    printf 'Notes:\n"x"\n\nFirst Name,Last Name,URL,Connected On\nA,B,https://www.linkedin.com/in/ab,12 Mar 2021\n' >"$1/connections"
}

# seed_youtube DIR writes Takeout tables, one of them in two blocks.
seed_youtube() {
    printf 'Video Id,Channel Id,Visibility,Time Published,Like Count,View Count\nv1,UC1,Public,2013-02-13 03:41:40 UTC,3,325\n' >"$1/videos"
    printf 'Playlist Id,Title\nLL,Liked\n\nVideo Id,Time Added\nv2,2020-01-01 00:00:00 UTC\n' >"$1/liked"
}

# seed_csr DIR writes graph descriptions for fuzz_csr.c: a vertex-count
# byte, 16-bit edge pairs, the 0xFFFFFFFF marker, then 6-byte damages.
seed_csr() {
    d=$1
    # 9 vertices, a triangle and a self-loop, no damage.
    printf '\020\000\000\001\000\001\000\002\000\002\000\000\000\003\000\003\000' >"$d/small"
    # The same, then a neighbour byte flipped with checksums refreshed.
    printf '\020\000\000\001\000\001\000\002\000\377\377\377\377\060\001\000\000\004\001' >"$d/damaged"
    # At the local-order threshold: a star into vertex 0 and a chain.
    printf '\001\001\000\000\000\002\000\000\000\003\000\000\000\003\000\004\000\377\377\377\377\000\002\000\000\001\001' >"$d/order"
}

# seed_pseg DIR writes post-segment descriptions for fuzz_pseg.c: a 16-bit
# row count, two bytes per row (author step, date), the 0xFFFF marker,
# then 6-byte damages.
seed_pseg() {
    d=$1
    # 3 rows, the second a new author; no damage.
    printf '\003\000\001\005\001\006\000\007\377\377' >"$d/small"
    # 200 rows (several fence blocks), stepping by one; a fence's byte
    # flipped near the end of the file with the checksums refreshed.
    printf '\310\000\377\377\370\377\377\377\001\001' >"$d/fence"
}

# seed_prank DIR writes descriptions for fuzz_prank.c: an account-count
# byte, a byte per account (PageRank in 32nds, in-degree), then 6-byte
# damages.
seed_prank() {
    d=$1
    # 4 accounts, a tie, no damage.
    printf '\003\010\012\012\377' >"$d/small"
    # The same, a sorted value flipped, every CRC refreshed.
    printf '\003\010\012\012\377\140\000\000\000\001\003' >"$d/sorted"
    # A count of the follower table raised, CRCs refreshed.
    printf '\003\010\012\012\377\240\000\000\000\100\003' >"$d/below"
}

# seed_model DIR writes model files for fuzz_model.c: one tree of a
# split and two leaves, with a one-leaf second stage kept as a string.
seed_model() {
    stage2='{\"learner\":{\"attributes\":{\"bf_platt_a\":\"-1\",\"bf_platt_b\":\"0\"},\"gradient_booster\":{\"model\":{\"trees\":[{\"tree_param\":{\"num_nodes\":\"1\"},\"left_children\":[-1],\"right_children\":[-1],\"split_indices\":[0],\"split_conditions\":[0.5],\"default_left\":[0],\"sum_hessian\":[1]}]},\"name\":\"gbtree\"},\"learner_model_param\":{\"base_score\":\"5E-1\"},\"objective\":{\"name\":\"binary:logistic\"}}}'
    printf '%s\n' '{"learner":{"attributes":{"bf_features":"44","bf_platt_a":"-1","bf_platt_b":"0","bf_threshold":"0.9","bf_kind_model":"'"$stage2"'"},"gradient_booster":{"model":{"trees":[{"tree_param":{"num_nodes":"3"},"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[3,0,0],"split_conditions":[1.5,-0.2,0.3],"default_left":[1,0,0],"sum_hessian":[10,4,6]}]},"name":"gbtree"},"learner_model_param":{"base_score":"5E-1"},"objective":{"name":"binary:logistic"}},"version":[1,7,4]}' >"$1/small"
}

# seed_archive_walk DIR writes small archives as name NUL content NUL ...
seed_archive_walk() {
    d=$1
    printf 'data/account.js\000window.YTD.account.part0 = [ { "account" : { "username" : "o", "accountId" : "1" } } ]\000data/tweets.js\000window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "2", "full_text" : "hi" } } ]\000data/follower.js\000window.YTD.follower.part0 = [ { "follower" : { "accountId" : "3" } } ]\000' >"$d/small"
    printf 'a/b/account.js\000window.YTD.account.part0 = []\000x/data/tweets-part1.js\000window.YTD.tweets.part1 = [ {} ]\000' >"$d/nested"
}

# seed_upload DIR writes one small file of a few formats, as uploaded.
seed_upload() {
    d=$1
    printf 'follower,followee\na,b\n' >"$d/edges"
    printf '"id","screen_name","followers_count"\n"1","x","12"\n' >"$d/csv"
    printf '%s\n' '{"id_str":"1","user":{"id_str":"2","screen_name":"y"},"text":"t"}' >"$d/v1"
    printf 'a b\n' | gzip -c >"$d/gz"
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("data/account.js", "window.YTD.account.part0 = [ { \"account\" : { \"accountId\" : \"1\" } } ]")
    z.writestr("data/tweets.js", "window.YTD.tweets.part0 = [ ]")' "$d/zip"
    fi
}

mkdir -p "$out/obj"
# The library, instrumented for coverage and the sanitizers.
objs=""
for src in $(ls src/*/*.c src/*/*.cpp 2>/dev/null | grep -v '^src/cli/'); do
    obj="$out/obj/$(echo "$src" | tr / _).o"
    case "$src" in
    *.cpp) $CXX -std=c++17 $common -fsanitize=fuzzer-no-link -c "$src" -o "$obj" ;;
    *) $CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $common \
        -fsanitize=fuzzer-no-link -c "$src" -o "$obj" ;;
    esac
    objs="$objs $obj"
done
rm -f "$out/libbonafide.a"
ar rcs "$out/libbonafide.a" $objs

# The libraries the Makefile links with, as it evaluates them, and libzip,
# which the archive targets call to write their inputs (bonafide itself
# opens it when first needed: src/base/dl.h).
libs=$(printf 'print-libs:\n\t@echo $(LIBS)\n' |
    make -s --no-print-directory -f Makefile -f - print-libs 2>/dev/null) ||
    libs="-lsimdjson -lsqlite3 -lz -lstdc++ -lm -lpthread"

status=0
for t in fuzz/fuzz_*.c; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .c)
    name=${name#fuzz_}
    if [ -n "$only" ]; then
        case " $only " in
        *" $name "*) ;;
        *) continue ;;
        esac
    fi
    bin="$out/fuzz_$name"
    $CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $common \
        -fsanitize=fuzzer -c "$t" -o "$out/fuzz_$name.o"
    $CXX $san -fsanitize=fuzzer -o "$bin" "$out/fuzz_$name.o" \
        "$out/libbonafide.a" -lzip $libs
    corpus="$out/corpus/$name"
    mkdir -p "$corpus"
    if command -v "seed_$name" >/dev/null 2>&1; then
        "seed_$name" "$corpus"
    fi
    echo "== fuzz_$name: $secs s"
    if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$out/crash-$name-" \
        "$corpus"; then
        echo "!! fuzz_$name crashed; input in $out/crash-$name-*"
        status=1
    fi
done
exit $status
