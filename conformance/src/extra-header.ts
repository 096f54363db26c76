/** A header the run adds to every request (`--header`), with the shell variable its value is written as. */
export interface ExtraHeader {
  /** Lower case. */
  name: string;
  value: string;
  /** `APIKEYS_KIT_HEADER_<NAME>`: what the value is written as in every report and curl command. */
  variable: string;
}
