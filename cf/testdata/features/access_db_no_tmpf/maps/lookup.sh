# lookup.sh TABLE WORD KEY, run by the program maps of config.mc with
# /bin/sh: prints the value of KEY in TABLE (a key in lower case, a tab,
# the value), exits 69 when there is none, and 75 (a temporary failure)
# for any key holding WORD. A program map gets the key as it is: case is
# ours to fold.
key=$(printf '%s' "$3" | tr 'A-Z' 'a-z')
case "$key" in
*"$2"*) exit 75;;
esac
while IFS='	' read -r k v; do
	if [ "$k" = "$key" ]; then
		printf '%s\n' "$v"
		exit 0
	fi
done < "$1"
exit 69
