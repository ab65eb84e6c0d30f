# Sourced by the eval scripts: runs use a private copy of the built jar and its libraries, so that
# rebuilding the project while an evaluation runs cannot pull classes out from under it.
# Sets MIXKIT_JAR.
[ -f target/mixkit.jar ] || mvn -B -q package -DskipTests
snap=eval/runs/.jar
rm -rf "$snap" && mkdir -p "$snap" && cp -r target/mixkit.jar target/lib "$snap"/
MIXKIT_JAR=$snap/mixkit.jar
