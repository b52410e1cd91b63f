"""The logical data structure of an eMRTD (ICAO 9303 part 10): the files a chip holds, each
parsed from and encoded to its bytes: EF.COM, DG1, DG2, DG14, DG15 and EF.SOD.
"""
