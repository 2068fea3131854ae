//go:build !unix

package main

// lockDataDir is a no-op where flock is not available.
func lockDataDir(dir string) (unlock func(), err error) { return func() {}, nil }
