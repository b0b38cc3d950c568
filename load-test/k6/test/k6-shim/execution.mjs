/** k6/execution: the harness sets scenario.name and scenario.iterationInTest before each iteration. */
const exec = {
  scenario: { name: undefined, iterationInTest: undefined },
  test: {
    abort(reason) {
      throw new Error(`test aborted: ${reason}`);
    },
  },
};
export default exec;
