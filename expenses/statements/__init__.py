"""Card statement files (이용내역): read, previewed row by row, recorded by the same matching rules."""
