# History of samples/drifted, built at test time (tests/ReleaseLint.Tests/Fixtures/TestHistory.cs):
# main → release/2025-03-10 → tag v2025.03.10 → live; a hotfix tagged v2025.03.11 on its own branch was deployed
# without ever being merged to live (RL5003); no tag v2025.03.12 exists although a post names it.
git init -q -b main
git add -A
git commit -qm "vTOC sample service"
git checkout -qb release/2025-03-10
echo "2025-03-10" > RELEASE && git add RELEASE
GIT_AUTHOR_DATE=2025-03-10T09:00:00Z GIT_COMMITTER_DATE=2025-03-10T09:00:00Z git commit -qm "release 2025-03-10"
GIT_COMMITTER_DATE=2025-03-10T09:05:00Z git tag -a v2025.03.10 -m "release v2025.03.10"
git checkout -qb live main
GIT_AUTHOR_DATE=2025-03-10T09:10:00Z GIT_COMMITTER_DATE=2025-03-10T09:10:00Z git merge -q --no-ff -m "Merge release/2025-03-10 into live" release/2025-03-10
git checkout -qb hotfix/login-redirect release/2025-03-10
echo "fix" > HOTFIX && git add HOTFIX
GIT_AUTHOR_DATE=2025-03-11T08:00:00Z GIT_COMMITTER_DATE=2025-03-11T08:00:00Z git commit -qm "hotfix: login redirect"
GIT_COMMITTER_DATE=2025-03-11T08:05:00Z git tag -a v2025.03.11 -m "hotfix v2025.03.11"
git checkout -q live
