# embed.cmake — turns a text file into a C array (NUL-terminated), so the
# report's template (report.html) ships inside the wsim binary.
#   cmake -DINPUT=report.html -DOUTPUT=report_template.c -DNAME=wsim_report_template -P embed.cmake
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE ${OUTPUT} "/* Generated from ${INPUT} by embed.cmake. */\nconst char ${NAME}[] = {\n${body}0x00};\n")
