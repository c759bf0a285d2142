#!/usr/bin/env bash
# Builds ReleaseLint from SOURCE (a checkout of this repository) and installs it into TOOL, both outside the
# linted workspace: the build happens in a copy under $RUNNER_TEMP, so no bin/, obj/ or package lands in the
# repository that is checked next. Used by action.yml and .github/workflows/releaselint.yml on a cache miss;
# the TOOL folder is then cached (keyed on the tool's commit or sources), so later runs skip this script.
# Also copies check.sh into TOOL, so a run restored from the cache needs nothing from the source.
#   install.sh SOURCE TOOL
set -euo pipefail
source_dir=$(cd "$1" && pwd)
tool=$2
build="${RUNNER_TEMP:?RUNNER_TEMP is not set}/releaselint-build"
rm -rf "$build" "$tool"
mkdir -p "$build/source" "$build/install"
for f in src rules Directory.Build.props Directory.Packages.props README.md LICENSE global.json NuGet.config nuget.config; do
  if [ -e "$source_dir/$f" ]; then cp -R "$source_dir/$f" "$build/source/"; fi
done
rm -rf "$build"/source/src/*/bin "$build"/source/src/*/obj
# From the copy: the SDK is chosen by the global.json of the working directory, and the linted repository's own
# (pinning another SDK) must not decide how the tool is built.
cd "$build/source"
# The managed tool, precompiled with ReadyToRun on linux-x64: one run per job does not pay for the native build.
dotnet pack "$build/source/src/ReleaseLint.Cli" -c Release -p:NativeTool=false -o "$build/nupkg" -nologo -v quiet
# Installed from the package just built and from nowhere else: a package of the same id on a public feed is never taken.
cat > "$build/install/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="releaselint-build" value="$build/nupkg" />
  </packageSources>
</configuration>
XML
package=$(cd "$build/nupkg" && ls ReleaseLint.[0-9]*.nupkg)
version=${package#ReleaseLint.}; version=${version%.nupkg}
dotnet tool install ReleaseLint --tool-path "$tool" --configfile "$build/install/nuget.config" --version "$version"
cp "$source_dir/.github/releaselint-action/check.sh" "$tool/check.sh"
"$tool/releaselint" --version
cd /
rm -rf "$build"
