// Reads Go module versions, one a line, and prints pairs of them as golang.org/x/mod/semver.Compare
// orders them: each adjacent pair of the sorted list and each pair five apart, as "a < b" or "a = b".
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"

	"golang.org/x/mod/semver"
)

func main() {
	var versions []string
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		if line := scanner.Text(); line != "" {
			if !semver.IsValid(line) {
				fmt.Fprintf(os.Stderr, "not a valid version: %s\n", line)
				os.Exit(1)
			}
			versions = append(versions, line)
		}
	}
	sort.SliceStable(versions, func(i, j int) bool { return semver.Compare(versions[i], versions[j]) < 0 })
	for _, step := range []int{1, 5} {
		for i := 0; i+step < len(versions); i++ {
			a, b := versions[i], versions[i+step]
			op := "<"
			if c := semver.Compare(a, b); c == 0 {
				op = "="
			} else if c > 0 {
				panic("unsorted")
			}
			fmt.Printf("%s %s %s\n", a, op, b)
		}
	}
}
