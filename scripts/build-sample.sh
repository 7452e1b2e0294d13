#!/usr/bin/env bash
# Builds the sample project "Islamabad protests" through the attest command
# line, from the two news articles in assets/seeds/.
#
#   scripts/build-sample.sh OUT_DIR
#
# OUT_DIR must not hold a project yet. The attest binary is taken from
# $ATTEST, or built with cargo. The committed projects/islamabad-protests/ is
# this script's output; tests/sample_project.rs rebuilds it and compares. The
# binary embeds the sample, so to refresh it build into a temporary folder and
# copy the result over.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: scripts/build-sample.sh OUT_DIR}"
if [[ -z "${ATTEST:-}" ]]; then
    cargo build --quiet --manifest-path "$here/Cargo.toml"
    ATTEST="$here/target/debug/attest"
fi
# New records get random IDs; a fixed seed makes them, and so the whole
# project, the same on every build.
export ATTEST_ID_SEED="${ATTEST_ID_SEED:-islamabad-protests-sample}"
attest() { "$ATTEST" "$@"; }
seeds="$here/assets/seeds"

attest new "$out" --title "Islamabad protests, November 2024"

# The articles name no publisher, author, URL or date; those fields stay empty.
# When each source was added orders the source list; fixed times keep the
# file the same.
s1=$(SOURCE_DATE_EPOCH=1732838400 attest source add "$out" "$seeds/000_2ad3952750dd1f93.txt" \
    --title "Everything we know about the clashes between police and supporters of Imran Khan in Pakistan")
s2=$(SOURCE_DATE_EPOCH=1732838460 attest source add "$out" "$seeds/004_6dd02dcd122a951c.txt" \
    --title "Thousands of protesters breach government district during Lukashenko's visit to Pakistan's capital")

claim() { attest claim add "$out" "$@"; }
cite() { attest cite "$out" "$@" >/dev/null; }

# ¶1: the march and its demands.
c=$(claim "Supporters of the jailed former prime minister Imran Khan marched on Islamabad from Sunday, 24 November, to demand his release from prison." --paragraph 1)
cite "$c" --source "$s1" --quote "the former prime minister's supporters began a long march to the capital, which he described as the final call for his release from the prison where he has been held for a year"
cite "$c" --source "$s1" --quote "urged his supporters to converge on November 24"
cite "$c" --source "$s2" --quote "The primary demand of the demonstrators was the immediate release of Imran Khan"

c=$(claim "Khan has been in custody since August 2023 and faces more than 150 cases, which he says are politically motivated.")
cite "$c" --source "$s2" --quote "who has been in custody since August 2023 on corruption charges"
cite "$c" --source "$s1" --quote "as he remains involved in over 150 cases"
cite "$c" --source "$s1" --quote "Mr Khan claimed the case against him was politically motivated"

c=$(claim "His party also demands the reversal of the 26th constitutional amendment and the return of what it calls a mandate stolen in the last elections.")
cite "$c" --source "$s1" --quote "Pakistan's National Assembly hastily passed the 26th Amendment to the Constitution"
cite "$c" --source "$s1" --quote "reverse controversial constitutional amendments hastily approved by parliament in October"
cite "$c" --source "$s1" --quote "Mr Khan's party also demanded the return of what it called a mandate stolen from last year's elections"

# ¶2: the containers, the clashes, the death toll, Bushra Bibi.
c=$(claim "Authorities blocked the capital with walls of shipping containers, but convoys of protesters broke through them." --paragraph 2)
cite "$c" --source "$s1" --quote "authorities erected huge walls of shipping containers, placed concrete barricades"
cite "$c" --source "$s1" --quote "convoys of protesters pushed their way through the shipping container defense ring and dismantled roadblocks"
cite "$c" --source "$s2" --quote "broke through barriers of shipping containers blocking the Red Zone"

c=$(claim "Security forces fired tear gas at the protesters and, in a crackdown late at night, cleared D-Chowk, where they had meant to camp.")
cite "$c" --source "$s1" --quote "firing bullets into rubber, slingshots and tear gas"
cite "$c" --source "$s2" --quote "Police used tear gas and warning shots against the protesters"
cite "$c" --source "$s1" --quote "the forces launched a brutal crackdown late in the night and managed to push back the protesters, evacuating the D-Chowk"

c=$(claim "Six people died in the clashes, including four members of the security forces, according to government authorities.")
cite "$c" --source "$s1" --quote "Government authorities said six people, including four members of the security forces, a police officer and a civilian, died at the hands of protesters."
cite "$c" --source "$s2" --quote "Clashes with security forces resulted in five deaths, including four police officers." \
    --stance contradicts --note "This report counts five dead, four of them police officers."
cite "$c" --source "$s1" --quote "the armed forces had fired live bullets, killing hundreds of people" \
    --stance context --note "Claim by Khan's party, which gave no figure."

c=$(claim "Khan's wife, Bushra Bibi, led the march; party workers evacuated her and she was not injured.")
cite "$c" --source "$s2" --quote "including Khan's wife, Bushra Bibi, who led the march"
cite "$c" --source "$s1" --quote "Mr Khan's wife, Bushra Bibi, who led the protest with other party stalwarts"
cite "$c" --source "$s1" --quote "she was evacuated by party workers after receiving information that her convoy would be set on fire"
cite "$c" --source "$s1" --quote "Mr Bukhari confirmed that she was not injured and had been taken to a safe place."

# ¶3: the state's response and the Lukashenko visit.
c=$(claim "The protests coincided with a visit by the Belarusian president, Alexander Lukashenko, who held talks with Prime Minister Shehbaz Sharif." --paragraph 3)
cite "$c" --source "$s1" --quote "coincided with a high-profile visit by Belarusian President Alexander Lukashenko, whose two-day tour was overshadowed by the violence"
cite "$c" --source "$s2" --quote "The demonstration coincided with an official visit by Belarusian President Alexander Lukashenko, who arrived for talks with Pakistani Prime Minister Shehbaz Sharif"

c=$(claim "Authorities shut down internet and mobile communications to limit the protesters' coordination.")
cite "$c" --source "$s2" --quote "authorities shut down internet and mobile communications to limit the demonstrators' coordination"

c=$(claim "The government invoked Article 245 of the constitution, which lets it call on the army to help keep order.")
cite "$c" --source "$s1" --quote "invoked Article 245 of the constitution on Tuesday, authorizing a civilian government to call on the army to help enforce the law and order"

# ¶4: the aftermath, on which the sources disagree.
c=$(claim "The protest sites were later cleared and roads reopened, and Khan's party said it had temporarily called off the protests." --paragraph 4)
cite "$c" --source "$s1" --quote "The protest sites have since been emptied and a clean-up campaign launched, with PTI officials saying they had temporarily called off the protests."
cite "$c" --source "$s1" --quote "All roads have reopened and protesters have been dispersed, Interior Minister Mohsin Naqvi said."
cite "$c" --source "$s2" --quote "The protests continue unabated despite casualties and road blockades." \
    --stance contradicts --note "This report describes the protests as continuing."

echo "Built the sample project in $out" >&2
