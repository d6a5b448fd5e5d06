module example.com/barnacle/greeting

go 1.19
